#!/usr/bin/env python3
"""Readability of the knowledge answers in an `eval --transcript` file, scored again from the files.

Usage: python3 calibration/answers.py CASES.jsonl TRANSCRIPT.jsonl [PACK_DIR]

The same two measures `eval` prints as facts_first80 and faq_pasted (app/eval/AnswerShape):
- facts_first80: of the expected facts the answers hold, the share within the answer's first 80
  characters; facts and characters compared as eval does (NFKC, whitespace removed);
- faq_pasted: of the knowledge answers quoting an article (not abstained), the share that paste
  question-and-answer fragments: a 问/答/Q/A marker, or — with PACK_DIR, whose kb/*.md are read — the
  answers of more than one pair of a cited article.
"""
import glob
import json
import os
import re
import sys
import unicodedata

LEAD = 80
MARKER = re.compile(r"(^|\s)(问|答|Q|A)\s*\d*\s*[:：]")
ASKS = re.compile(r"^\s*(\d+[.、．]\s*)?[*_]*\s*(问|Q|q)\s*\d*\s*[:：]")
ANSWERS = re.compile(r"^\s*[*_]*\s*(答|A|a)\s*\d*\s*[:：][*_]*\s*")


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def pair_answers(body):
    out, current, answering = [], None, False
    for line in body.split("\n"):
        if ASKS.match(line):
            if current and "".join(current).strip():
                out.append("\n".join(current))
            current, answering = [], False
            continue
        if current is None:
            continue
        m = ANSWERS.match(line)
        if m:
            answering, line = True, line[m.end():]
        if answering:
            current.append(line)
    if current and "".join(current).strip():
        out.append("\n".join(current))
    return out if len(out) >= 2 else []


def clauses(text):
    return [n for n in (norm(c.replace("*", "")) for c in re.split(r"[。；;！!？?，,\n]", text)) if len(n) >= 8]


def articles(pack):
    out = {}
    for path in glob.glob(os.path.join(pack, "kb", "*.md")):
        text = open(path, encoding="utf-8").read()
        parts = text.split("---", 2)
        front, body = (parts[1], parts[2]) if text.startswith("---") and len(parts) == 3 else ("", text)
        m = re.search(r"^id:\s*(\S+)", front, re.M)
        if m:
            out[m.group(1).strip("'\"")] = body
    return out


def main(cases_path, transcript_path, pack=None):
    cases = {}
    for line in open(cases_path, encoding="utf-8"):
        if line.strip():
            c = json.loads(line)
            cases[c["id"]] = c
    bodies = articles(pack) if pack else {}
    quoting = pasted = found = early = 0
    for line in open(transcript_path, encoding="utf-8"):
        t = json.loads(line)
        c = cases.get(t.get("case"))
        if t.get("kind") != "knowledge" or c is None:
            continue
        answer = t.get("answer", "")
        a = norm(answer)
        for alternatives in c["expect"].get("facts") or []:
            alts = [norm(x) for x in alternatives if norm(x)]
            if any(x in a for x in alts):
                found += 1
                early += any(x in a[:LEAD] for x in alts)
        if t.get("abstained"):
            continue
        quoting += 1
        flat = norm(answer.replace("*", ""))
        several = any(sum(any(cl in flat for cl in clauses(p)) for p in pair_answers(bodies.get(d, ""))) > 1
                      for d in t.get("citations", []))
        pasted += bool(MARKER.search(answer)) or several
    print(json.dumps({"answered": quoting, "facts_found": found,
                      "facts_first80": round(early / found, 3) if found else None,
                      "faq_pasted": round(pasted / quoting, 3) if quoting else None}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
