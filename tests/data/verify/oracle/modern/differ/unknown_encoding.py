# -*- coding: no-such-codec -*-
print("ok")
