import sys
print("read", len(input()))
