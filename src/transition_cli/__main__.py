from transition_cli.entry import main

main()
