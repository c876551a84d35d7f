"""Helpers of the open-data tests: JRC rows and files, a saved data package."""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse

JRC_SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "sample_jrc_ipsx.csv"
JRC_HEADER = list(csv.DictReader(JRC_SAMPLE.open(encoding="utf-8")).fieldnames)


def _jrc_file(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "jrc.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, JRC_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in JRC_HEADER})
    return path


def _jrc_row(record_id: str, **values) -> dict:
    return {
        "id": record_id,
        "name": f"Case {record_id}",
        "description": f"Chatbot {record_id} answers questions about benefits. It started in 2020.",
        "url": "https://example.org/case",
        "geoextent": "National",
        "lead_organisation_category": "Central-Government",
        "geocoverage": "Estonia",
        "geocoverage_codes": "EE",
        "primary_sector": "Social protection",
        "technology": "Artificial intelligence",
        "type": "Service integration (various)",
        "status": "Pilot",
        "start_date": "2020",
        **values,
    }


def _save_package(client, folder) -> dict:
    package = client.get(reverse("innovations:datapackage")).json()
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    for resource in package["resources"]:
        response = client.get(reverse("innovations:data") + resource["path"])
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        (folder / resource["path"]).write_bytes(content)
    return package
