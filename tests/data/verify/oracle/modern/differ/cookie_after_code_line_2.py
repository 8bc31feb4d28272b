import sys
# -*- coding: latin-1 -*-
print("café")
