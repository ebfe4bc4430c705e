from transition_cli.cli import main

main()
