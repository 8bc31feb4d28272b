from threadmod.cli import main

main()
