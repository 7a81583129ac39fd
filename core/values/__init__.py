"""What a cell holds: typed and pasted input by kind, amounts (exact), 指标值, the clipboard's text."""
