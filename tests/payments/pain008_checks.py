"""Checks every generated pain.008 file passes in the tests: the ISO 20022 XSD (copies of the
published schemas in tests/payments/xsd/, read with xmlschema, independent of the library that
writes the files) and the EPC/Betaalvereniging rules the XSD does not express."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import xmlschema
from lxml import etree

XSD_DIR = Path(__file__).parent / "xsd"

# EPC "Latin character set": a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
SEPA_TEXT = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]*")
# References and identifications: the same set, 1 to 35 long, no space (Dutch IG), never
# starting or ending with '/' nor containing '//' (EPC clarification paper on slashes).
SEPA_ID = re.compile(r"(?!/)(?!.*//)[A-Za-z0-9/\-?:().,'+]{1,35}(?<!/)")
ID_TAGS = {"MsgId", "PmtInfId", "EndToEndId", "MndtId"}
# Texts with their maximum lengths (ISO Max70Text, Max140Text).
TEXT_TAGS = {"Nm": 70, "Ustrd": 140}


@cache
def schema(version: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD_DIR / f"{version}.xsd"))


def version_of(xml: bytes) -> str:
    root = etree.fromstring(xml)
    return root.nsmap[None].rsplit(":", 1)[-1]


def pain008_problems(xml: bytes) -> list[str]:
    """Everything wrong with `xml` as a pain.008 file; empty when it may go to the bank."""
    version = version_of(xml)
    problems = [str(e.reason) for e in schema(version).iter_errors(xml.decode("utf-8"))]
    root = etree.fromstring(xml)
    for element in root.iter():
        tag = etree.QName(element).localname
        text = element.text or ""
        if not text.strip():
            continue
        if not SEPA_TEXT.fullmatch(text):
            problems.append(f"{tag}: {text!r} outside the SEPA character set")
        if tag in ID_TAGS and not SEPA_ID.fullmatch(text):
            problems.append(f"{tag}: {text!r} is not a valid SEPA identification")
        if tag in TEXT_TAGS and len(text) > TEXT_TAGS[tag]:
            problems.append(f"{tag}: longer than {TEXT_TAGS[tag]}")
    return problems


def assert_valid_pain008(xml: bytes) -> None:
    problems = pain008_problems(xml)
    assert problems == [], problems
