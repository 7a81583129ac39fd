"""(being written: issue 17)"""

CHECKS = []
