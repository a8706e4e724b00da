from eye_tui.start import main

raise SystemExit(main())
