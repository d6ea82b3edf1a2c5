from atelier_tui.launch import main

main()
