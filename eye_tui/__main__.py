from eye_tui.cli import main

raise SystemExit(main())
