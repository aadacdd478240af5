"""Markdown made quick to show in Textual (display only: the words stay the same)."""

from __future__ import annotations


def flatten_lists(body: str) -> str:
    """Lists as paragraphs with hard line breaks ("• item", "1. item"): the same text, far fewer widgets.

    Textual's Markdown makes several widgets per list item, and a routine with many lists then takes seconds to
    show; as one paragraph per list it shows at once. Links and emphasis inside the items are kept.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    lines = body.split("\n")
    out: list[str] = []
    last = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0 and token.map:
            items: list[tuple[int, str, list[str]]] = []
            stack: list[list[int]] = []
            j = i
            while j < len(tokens):
                tk = tokens[j]
                if tk.type == "bullet_list_open":
                    stack.append([0, 0])
                elif tk.type == "ordered_list_open":
                    stack.append([1, int(tk.attrGet("start") or 1)])
                elif tk.type in ("bullet_list_close", "ordered_list_close"):
                    stack.pop()
                    if not stack:
                        break
                elif tk.type == "list_item_open":
                    ordered, n = stack[-1]
                    marker = f"{n}\\." if ordered else ("•" if len(stack) == 1 else "◦")
                    if ordered:
                        stack[-1][1] += 1
                    items.append((len(stack) - 1, marker, []))
                elif tk.type == "inline" and items:
                    items[-1][2].append(" ".join(tk.content.split("\n")))
                j += 1
            start, end = token.map
            out += lines[last:start]
            flat = [
                ("\u00a0\u00a0\u00a0" * depth) + f"{marker} " + " ".join(parts)
                for depth, marker, parts in items
            ]
            out += [*(line + "\\" for line in flat[:-1]), *flat[-1:], ""]
            last = end
            i = j + 1
            continue
        i += 1
    out += lines[last:]
    return "\n".join(out)
