"""Make sure the development config has a minisplit entry for the emulated head."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

ENTRIES_KEY = "core.config_entries"
EMULATED_MAC = "a4:b1:c2:d3:e4:f5"


def main(config_dir: str, host: str) -> None:
    """Add (or point at `host`) the emulated head's entry in .storage/core.config_entries."""
    path = Path(config_dir) / ".storage" / ENTRIES_KEY
    path.parent.mkdir(parents=True, exist_ok=True)
    store = (
        json.loads(path.read_text())
        if path.exists()
        else {"version": 1, "minor_version": 5, "key": ENTRIES_KEY, "data": {"entries": []}}
    )
    entries = store["data"]["entries"]
    for entry in entries:
        if entry["domain"] == "minisplit" and entry["unique_id"] == EMULATED_MAC:
            entry["data"]["host"] = host
            break
    else:
        now = datetime.now(UTC).isoformat()
        entries.append(
            {
                "created_at": now,
                "data": {"host": host},
                "disabled_by": None,
                "discovery_keys": {},
                "domain": "minisplit",
                "entry_id": uuid.uuid4().hex,
                "minor_version": 1,
                "modified_at": now,
                "options": {},
                "pref_disable_new_entities": False,
                "pref_disable_polling": False,
                "source": "user",
                "subentries": [],
                "title": "Living (emulated)",
                "unique_id": EMULATED_MAC,
                "version": 1,
            }
        )
    path.write_text(json.dumps(store, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
