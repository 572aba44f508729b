#!/usr/bin/env python3
"""Readability of the knowledge answers in an `eval --transcript` file.

Usage: python3 calibration/answers.py CASES.jsonl TRANSCRIPT.jsonl

For the knowledge cases the bot answered (did not abstain) and whose facts all appear in the
answer, the share where every fact sits within the answer's first 80 characters; and among all
answered knowledge cases, the share that paste question-and-answer fragments ("问：", "答：", "Q:",
"A:") into the answer. Facts are compared as eval does: spaces removed, full-width to half-width.
"""
import json
import re
import sys
import unicodedata

FAQ = re.compile(r"(^|\n|\s)(问|答|Q|A)\s*\d*\s*[:：]")


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def main(cases_path, transcript_path):
    cases = {}
    for line in open(cases_path, encoding="utf-8"):
        if line.strip():
            c = json.loads(line)
            cases[c["id"]] = c
    answered = found = early = faq = 0
    for line in open(transcript_path, encoding="utf-8"):
        t = json.loads(line)
        if t.get("kind") != "knowledge" or t.get("abstained"):
            continue
        c = cases.get(t["case"])
        if c is None:
            continue
        answer = t.get("answer", "")
        answered += 1
        if FAQ.search(answer):
            faq += 1
        facts = c["expect"].get("facts") or []
        if not facts:
            continue
        a = norm(answer)
        positions = []
        for alternatives in facts:
            hits = [a.find(norm(x)) for x in alternatives if norm(x) and norm(x) in a]
            if not hits:
                break
            positions.append(min(hits))
        else:
            found += 1
            if max(positions) < 80:
                early += 1
    print(json.dumps({"answered": answered, "facts_found": found,
                      "facts_in_first_80": round(early / found, 3) if found else None,
                      "faq_pasted": round(faq / answered, 3) if answered else None}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
