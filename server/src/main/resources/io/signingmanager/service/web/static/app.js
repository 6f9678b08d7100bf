// Signing Service pages: the little behaviour HTML alone cannot give. Every page works without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: data-copy names the element whose text is copied.
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        button.textContent = "Copied";
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(source);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        button.textContent = "Press Ctrl+C";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
  });

  // Forms that destroy something ask first: data-confirm holds the question.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  // Authorize: the key list is off while "All API keys" is chosen (its ticks would not count).
  const keys = document.getElementById("chosen-keys");
  const all = document.getElementById("scope-all");
  if (keys && all) {
    const follow = () => { keys.disabled = all.checked; };
    document.querySelectorAll("input[name=scope]").forEach((radio) => radio.addEventListener("change", follow));
    follow();
  }

  // "show value": links with data-value-of open the value in a pop-up instead of a page.
  const dialog = document.getElementById("value-dialog");
  if (dialog) {
    const output = dialog.querySelector("code");
    const title = dialog.querySelector("[data-title]");
    dialog.querySelector("button[data-close]").addEventListener("click", () => dialog.close());
    document.querySelectorAll("a[data-value-of]").forEach((link) => {
      link.addEventListener("click", async (event) => {
        event.preventDefault();
        const answer = await fetch("/api/v1/admin/api-keys/" + encodeURIComponent(link.dataset.valueOf) + "/value",
          { credentials: "same-origin", headers: { "Accept": "application/json" } });
        const body = await answer.json();
        title.textContent = link.dataset.name;
        output.textContent = answer.ok ? body.key : body.message;
        dialog.showModal();
      });
    });
  }
});
