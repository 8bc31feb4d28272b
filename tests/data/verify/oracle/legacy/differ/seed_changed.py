import random
random.seed(1)
print [random.randint(1, 100) for _ in range(5)]
