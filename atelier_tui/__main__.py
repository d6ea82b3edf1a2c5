from atelier_tui.launch import main

if __name__ == "__main__":  # not when multiprocessing's fork server imports it
    main()
