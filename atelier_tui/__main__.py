from atelier_tui.cli import main

main()
