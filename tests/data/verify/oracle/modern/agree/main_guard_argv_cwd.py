import sys, os
def main():
    print("name ok")
    print(os.path.basename(sys.argv[0]), len(sys.argv))
    print(os.path.isdir(os.getcwd()))
if __name__ == "__main__":
    main()
