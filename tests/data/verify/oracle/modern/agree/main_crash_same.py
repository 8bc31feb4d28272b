import sys
print("before")
d = {}
print(d["missing"])
