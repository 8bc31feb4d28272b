# setName/getName on objects that are not threads (a parsing library's tokens, as
# pyparsing's), in a file that uses threading: only the Threads' calls convert. (issue 12, class 8)
import threading
import Queue


class Token(object):
    def __init__(self, pattern):
        self.pattern = pattern
        self.label = None


def _set_label(self, label):
    self.label = label
    return self


Token.setName = _set_label
Token.getName = lambda self: self.label


class Parser(threading.Thread):
    def __init__(self, text, out):
        threading.Thread.__init__(self)
        self.setName("parser-" + text)
        self.setDaemon(False)
        self.text = text
        self.out = out

    def run(self):
        ident = Token("[a-z]+")
        ident.setName("identifier")
        number = Token("[0-9]+").setName("number")
        kind = number.getName() if self.text.isdigit() else ident.getName()
        self.out.put((self.getName(), kind))


results = Queue.Queue()
parsers = [Parser(text, results) for text in ("abc", "123")]
for p in parsers:
    p.start()
for p in parsers:
    p.join()
    print p.getName(), "alive:", p.isAlive()
print sorted(results.get() for _ in parsers)
current = threading.currentThread()
print "main is", current.getName(), current.isDaemon()
