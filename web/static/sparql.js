// The SPARQL editor: Ctrl+Enter (⌘+Enter) runs the query; an example loads into the editor
// instead of running at once (without JavaScript, its link runs it).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("sparql-form");
  const editor = document.getElementById("query");
  if (!form || !editor) return;

  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
    if (event.key === "Tab" && !event.shiftKey) {
      // Indent rather than leave the editor; Shift+Tab still moves focus away.
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    }
  });

  for (const link of document.querySelectorAll("a.example[data-query]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      editor.value = link.dataset.query;
      editor.focus();
      editor.setSelectionRange(0, 0);
      editor.scrollTop = 0;
    });
  }
});
