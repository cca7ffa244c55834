from marsad.cli import main

main()
