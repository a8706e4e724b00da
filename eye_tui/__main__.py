from eye_tui.start import run

run()
