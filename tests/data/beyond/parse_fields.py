# A record parser of the 1990s: string.atoi, string.strip, string.letters, string.join.
import string
import threading

LINES = ["  alice, 42, 3.5 ", "bob,7,1.25", " carol , 19 , 2.0"]
parsed = []
lock = threading.Lock()


def parse(line):
    fields = [string.strip(field) for field in string.split(line, ",")]
    name, age, score = fields[0], string.atoi(fields[1]), string.atof(fields[2])
    initials = [c for c in string.capitalize(name) if c in string.uppercase]
    lock.acquire()
    parsed.append((name, age, score, string.join(initials, "")))
    lock.release()


workers = [threading.Thread(target=parse, args=(line,)) for line in LINES]
for w in workers:
    w.start()
for w in workers:
    w.join()
for record in sorted(parsed):
    print "%-6s %3d %5.2f %s" % record
print "letters:", len(string.letters), string.lowercase[:5]
print "hex:", string.atoi("ff", 16), string.rjust(string.replace("a-b", "-", "+"), 5)
