# -*- coding: latin-1 -*-
print "ok"
