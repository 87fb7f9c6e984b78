from wahldaten.cli import main

main()
