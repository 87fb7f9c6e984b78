// The upload page works without this script; it adds drag and drop (files and folders), a
// line saying what was chosen, and a notice while the server checks. Same origin, no inline
// script (the page's Content-Security-Policy forbids both external and inline scripts).
"use strict";

(function () {
  const form = document.querySelector("form.upload");
  if (!form) return;
  const drop = document.getElementById("drop");
  const files = document.getElementById("files");
  const folder = document.getElementById("folder");
  const chosen = document.getElementById("chosen");
  const busy = document.getElementById("busy");
  const hint = document.getElementById("drop-hint");

  function size(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes + " B";
  }

  function show() {
    const all = [...files.files, ...folder.files];
    if (!all.length) { chosen.textContent = ""; return; }
    const total = all.reduce((sum, file) => sum + file.size, 0);
    chosen.textContent = chosen.dataset.template
      .replace("{count}", String(all.length)).replace("{size}", size(total));
  }

  // A dropped folder arrives as an entry to walk; its files go into the file input.
  function walk(entry) {
    return new Promise((resolve) => {
      if (entry.isFile) { entry.file((file) => resolve([file]), () => resolve([])); return; }
      if (!entry.isDirectory) { resolve([]); return; }
      const reader = entry.createReader();
      const found = [];
      const next = () => reader.readEntries(async (entries) => {
        if (!entries.length) { resolve(found); return; }
        for (const child of entries) found.push(...await walk(child));
        next();
      }, () => resolve(found));
      next();
    });
  }

  if (typeof DataTransfer === "function" && drop) {
    hint.hidden = false;
    ["dragenter", "dragover"].forEach((name) => drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("dragging");
    }));
    ["dragleave", "drop"].forEach((name) => drop.addEventListener(name, () => {
      drop.classList.remove("dragging");
    }));
    drop.addEventListener("drop", async (event) => {
      event.preventDefault();
      const items = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry());
      const transfer = new DataTransfer();
      if (items.length && items.every(Boolean)) {
        for (const entry of items) (await walk(entry)).forEach((file) => transfer.items.add(file));
      } else {
        [...event.dataTransfer.files].forEach((file) => transfer.items.add(file));
      }
      files.files = transfer.files;
      folder.value = "";
      show();
    });
  }

  files.addEventListener("change", show);
  folder.addEventListener("change", show);
  form.addEventListener("submit", () => {
    busy.hidden = false;
    // Disabled after the submission started, so the browser still sends the form.
    setTimeout(() => form.querySelectorAll("button").forEach((b) => { b.disabled = true; }), 0);
  });
  // Back from a report (the page may come from the browser's memory): ready again.
  window.addEventListener("pageshow", () => {
    busy.hidden = true;
    form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    show();
  });
})();
