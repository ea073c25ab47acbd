"""``python -m spbe_xl`` runs the spbe-xl command."""

from spbe_xl.cli import main

main()
