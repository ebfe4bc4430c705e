from transition_cli.entry import console

console()
