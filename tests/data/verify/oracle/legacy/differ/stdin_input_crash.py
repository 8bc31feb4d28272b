import sys
print "read", len(sys.stdin.read())
