import random
r = random.Random(7)
print([r.randint(1, 6) for _ in range(8)])
random.seed("threadmod")
print([random.randint(0, 9) for _ in range(8)])
random.seed()
print(random.randint(1, 1000))
