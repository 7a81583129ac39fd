"""Screenshots of 文件 → 批量审核… at 1366×768: the review in progress (docs/screenshots/batch-progress.png)
and its summary (docs/screenshots/batch-summary.png), offscreen, on a folder made from the samples
(tests/batch_story.py).

    python tools/batch_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui.fonts import install_fonts

    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    from batch_story import review_folder_story
    from core.batch.review import review_folder
    from ui.batch_dialog import BatchReviewDialog

    out = ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BUDGETDESK_DATA_DIR"] = tmp
        folder = Path(tmp) / "2025年部门预算报送"
        review_folder_story(folder)
        dialog = BatchReviewDialog()
        dialog.reviewer = lambda *a, **k: review_folder(*a, workers=2, **k)
        dialog.resize(1280, 640)
        dialog.set_folder(folder)
        dialog.show()
        taken = []

        def grab_progress():
            for progress in dialog.findChildren(QProgressDialog):
                if not taken and progress.isVisible() and progress.value() >= 2:
                    shot = dialog.grab()
                    painter = QPainter(shot)
                    box = progress.grab()
                    painter.drawPixmap(QPoint((shot.width() - box.width()) // 2, (shot.height() - box.height()) // 3), box)
                    painter.end()
                    shot.save(str(out / "batch-progress.png"))
                    taken.append(True)

        timer = QTimer()
        timer.timeout.connect(grab_progress)
        timer.start(20)
        dialog.start()
        timer.stop()
        app.processEvents()
        dialog.grab().save(str(out / "batch-summary.png"))
        print("progress:", "taken" if taken else "missed", "; summary:", dialog.status.text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
