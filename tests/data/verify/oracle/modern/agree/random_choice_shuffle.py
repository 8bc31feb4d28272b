import random
random.seed(42)
names = ["ann", "bob", "cid", "dan", "eve", "fay"]
print(random.choice(names), random.randrange(0, 100, 7), random.randrange(10))
random.shuffle(names)
print(names)
print(random.sample(names, 3), random.sample(range(1000), 4))
print("%.6f" % random.uniform(1, 3), "%.6f" % random.random())
