"""Search that finds what journalists type: whole Chinese terms on both sides of the index.

Build side: Material's search plugin segments Chinese text with jieba. Its default
dictionary splits the report's own terms (地区生产总值 → 地区 / 生产 / 总值, 六九九六 →
六九 / 九六), so `user_dictionary` gives jieba every Chinese term the tables name
(subjects, names, glossary terms, enterprises and their other names, projects,
towns, chains) and the quoted terms of the report (“六九九六”), each as one word.

Query side: Material cuts a Chinese query into the index's words with a segmenter that
never keeps the query's last character (`j < query.length`: 链主 → 链). `patch_worker`
replaces that function in the built search worker with one that keeps, from each
position, the longest piece of the query that starts a word of the index. It fails
the build if Material's code has changed, rather than silently searching badly.

Languages: the i18n plugin writes one index for both languages; `split_index` gives
each language its own (`search/` for Chinese, `en/search/` for English), and the
English pages read theirs (`overrides/main.html`).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from shangdang_data.roles import ColumnRole
from shangdang_docs.context import SiteContext

#: Terms longer than this stay split into words, so that a part of them (可支配收入) is still found.
MAX_TERM_LENGTH = 8
#: jieba's frequency for the terms: high enough to win over the default dictionary's words.
FREQUENCY = 200_000

_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_QUOTED = re.compile(r"“([\u3400-\u9fff]{2,8})”")
_SEPARATORS = re.compile(r"[、，,；;/（）()\s]+")


def terms(ctx: SiteContext) -> Iterator[str]:
    """Every Chinese term of the tables: label columns, verbatim names, other names, and quoted terms of the text."""
    for spec in ctx.spec.tables:
        fields = [*spec.with_role(ColumnRole.LABEL)]
        fields += [f for f in spec.fields if f.verbatim and f.role is None]  # a glossary term as written
        fields += spec.with_role(ColumnRole.ALIASES)  # other names (振东 for 振东集团)
        for field in fields:
            for row in ctx.rows(spec.name):
                yield from _SEPARATORS.split(row.get(field.name, ""))
        text = spec.role(ColumnRole.TEXT)
        if text is not None:
            for row in ctx.rows(spec.name):
                yield from _QUOTED.findall(row.get(text.name, ""))


def user_dictionary(ctx: SiteContext) -> str:
    """jieba's user dictionary (`word frequency` per line) of the package's Chinese terms, sorted, one each.

    A term that contains another term is left out (新建高标准农田 holds 高标准农田): jieba would
    keep it whole, and a search for the shorter term, which matches words by their start,
    would miss it.
    """
    found = {term for term in terms(ctx) if 2 <= len(term) <= MAX_TERM_LENGTH and _HAN.match(term)}
    wanted = sorted(term for term in found if not any(other != term and other in term for other in found))
    return "".join(f"{term} {FREQUENCY}\n" for term in wanted)


def load_dictionary(ctx: SiteContext) -> int:
    """Give jieba (as Material's search plugin uses it) the package's terms; the number of terms, 0 without jieba."""
    try:
        import jieba  # type: ignore[import-untyped]
    except ModuleNotFoundError:
        return 0
    dictionary = user_dictionary(ctx)
    jieba.load_userdict(io.StringIO(dictionary))
    return dictionary.count("\n")


# --- the query side: Material's segmenter, replaced in the built worker ------------------------------------------

#: Material's `segment(query, index)` as minified in its search worker (search.*.min.js).
_SEGMENT = re.compile(
    r"function (?P<name>[\w$]+)\((?P<q>\w),(?P<i>\w)\)\{let \w=new Set,\w=new Uint16Array\((?P=q)\.length\);"
    r".*?return \w\.has\(\"\"\)\?new Set\(\[(?P=q)\]\):\w\}"
)

#: The replacement: from each position, the longest piece of the query that starts a word of the index
#: (Material appends `*` to every piece), else one character. A whole term is kept whole.
_WHOLE_TERMS = (
    "function {name}(q,index){{/* shangdang-data: keep whole terms */"
    "const words=Object.keys(index),starts=p=>p in index||words.some(w=>w.startsWith(p)),found=new Set;"
    "for(let p=0;p<q.length;){{let end=p+1;for(let j=q.length;j>p+1;j--)if(starts(q.slice(p,j))){{end=j;break}}"
    "found.add(q.slice(p,end));p=end}}return found}}"
)


class WorkerPatchError(RuntimeError):
    """Material's search worker no longer has the segmenter this module replaces."""


def patch_worker(site: Path) -> list[Path]:
    """Replace the query segmenter in every built search worker; the files patched."""
    patched = []
    for worker in sorted(site.rglob("assets/javascripts/workers/search.*.min.js")):
        code = worker.read_text(encoding="utf-8")
        if "shangdang-data: keep whole terms" in code:
            patched.append(worker)
            continue
        found = list(_SEGMENT.finditer(code))
        if len(found) != 1:
            raise WorkerPatchError(
                f"{worker}: expected Material's query segmenter once, found it {len(found)} times; "
                "update docs/hooks/shangdang_docs/search.py for this Material version"
            )
        match = found[0]
        code = code[: match.start()] + _WHOLE_TERMS.format(name=match.group("name")) + code[match.end() :]
        code = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", code)  # the map no longer matches
        worker.write_text(code, encoding="utf-8")
        patched.append(worker)
    return patched


# --- one index per language ----------------------------------------------------------------------------------------


def split_index(site: Path, prefixes: tuple[str, ...]) -> dict[str, int]:
    """Move the entries of each non-default language (`en/`) into its own index; entries per index."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index["docs"]
    counts = {}
    for prefix in prefixes:
        mine = [
            {**doc, "location": doc["location"].removeprefix(prefix)}
            for doc in docs
            if doc["location"].startswith(prefix)
        ]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({**index, "docs": mine}, ensure_ascii=False, separators=(",", ":")), "utf-8")
        counts[prefix] = len(mine)
    rest = [doc for doc in docs if not doc["location"].startswith(prefixes)]
    path.write_text(json.dumps({**index, "docs": rest}, ensure_ascii=False, separators=(",", ":")), "utf-8")
    counts[""] = len(rest)
    return counts
