import sys
data = sys.stdin.read()
print "read", len(data)
try:
    line = raw_input()
except EOFError:
    print "eof"
