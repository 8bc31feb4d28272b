import sys
data = sys.stdin.read()
print("read", len(data))
try:
    line = input()
except EOFError:
    print("eof")
