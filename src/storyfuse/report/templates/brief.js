/* storyfuse brief: citations open the #evidence panel. Article text is only ever copied
   with textContent between nodes that the server rendered escaped; nothing is parsed as HTML. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function init() {
    var panel = document.getElementById("evidence");
    if (!panel) { return; }
    var claim = panel.querySelector(".evidence-claim");
    var list = panel.querySelector(".evidence-list");
    var closer = panel.querySelector(".evidence-close");
    var current = null;   /* the citation whose evidence is shown */
    var pinned = false;   /* opened by a click: stays until Escape, Close or a click elsewhere */
    var timer = 0;
    var refocusing = false;
    /* Beside the text (wide screens) the panel covers nothing, so hovering may preview it;
       as a bottom sheet it would cover the citation, so only a click or the keyboard opens it. */
    var beside = window.matchMedia ? window.matchMedia("(min-width: 72rem)") : null;
    var hovering = window.matchMedia ? window.matchMedia("(hover: hover)") : null;

    function isBeside() { return !!(beside && beside.matches); }
    function canPreview() { return isBeside() && !!(hovering && hovering.matches); }
    function byKeyboard(node) {
      try { return node.matches(":focus-visible"); } catch (error) { return true; }
    }

    function citeOf(node) {
      return node && node.closest ? node.closest(".cite") : null;
    }

    function textOf(node, selector) {
      var found = node.querySelector(selector);
      return found ? found.textContent : "";
    }

    function entry(source, wanted) {
      var item = document.createElement("li");
      item.className = "evidence-sentence";
      ["is-copy", "is-origin"].forEach(function (name) {
        if (source.classList.contains(name)) { item.classList.add(name); }
      });
      var number = source.getAttribute("data-source");
      item.setAttribute("data-source", number);
      if (number === wanted) { item.classList.add("is-active"); }
      var label = document.createElement("span");
      label.className = "evidence-outlet";
      label.textContent = textOf(source, ".ev-outlet");
      var text = document.createElement("span");
      text.className = "evidence-text";
      text.textContent = textOf(source, ".ev-text");
      item.appendChild(label);
      item.appendChild(text);
      return item;
    }

    function fill(cite) {
      var block = document.getElementById(cite.getAttribute("data-evidence") || "");
      if (!block) { return false; }
      var wanted = cite.getAttribute("data-source");
      claim.textContent = textOf(block, ".ev-claim");
      list.textContent = "";
      var active = null;
      var sources = block.querySelectorAll(".ev-sentence");
      for (var i = 0; i < sources.length; i++) {
        var item = list.appendChild(entry(sources[i], wanted));
        if (!active && item.classList.contains("is-active")) { active = item; }
      }
      if (active && active.scrollIntoView) { active.scrollIntoView({ block: "nearest" }); }
      return true;
    }

    function release(cite) {
      cite.setAttribute("aria-expanded", "false");
      var sentence = cite.closest(".summary-sentence");
      if (sentence) { sentence.classList.remove("is-inspected"); }
    }

    function show(cite, pin) {
      window.clearTimeout(timer);
      if (current && current !== cite) { release(current); }
      panel.hidden = false;
      if (!fill(cite)) { hide(); return; }
      cite.setAttribute("aria-expanded", "true");
      var sentence = cite.closest(".summary-sentence");
      if (sentence) { sentence.classList.add("is-inspected"); }
      current = cite;
      pinned = pinned || pin;
      document.documentElement.classList.add("evidence-open");
      uncover(cite);
    }

    /* As a bottom sheet, scroll the citation above the panel so the reader sees both. */
    function uncover(cite) {
      if (isBeside()) { return; }
      var gap = cite.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
      if (gap > -8) { window.scrollBy(0, gap + 24); }
    }

    function hide() {
      window.clearTimeout(timer);
      panel.hidden = true;
      document.documentElement.classList.remove("evidence-open");
      if (current) { release(current); }
      current = null;
      pinned = false;
    }

    function close() {
      var cite = current;
      hide();
      if (cite) {
        refocusing = true;
        cite.focus();
        refocusing = false;
      }
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { if (!pinned) { hide(); } }, 400);
    }

    document.addEventListener("click", function (event) {
      var cite = citeOf(event.target);
      if (cite) {
        event.preventDefault();
        show(cite, true);
      } else if (!panel.hidden && !panel.contains(event.target)) {
        hide();
      }
    });
    document.addEventListener("mouseover", function (event) {
      var cite = citeOf(event.target);
      if (cite && !pinned && canPreview()) { show(cite, false); }
    });
    document.addEventListener("mouseout", function (event) {
      var cite = citeOf(event.target);
      if (cite && !pinned && !cite.contains(event.relatedTarget)) { later(); }
    });
    document.addEventListener("focusin", function (event) {
      var cite = citeOf(event.target);
      if (cite && !refocusing && byKeyboard(cite)) { show(cite, false); }
      if (panel.contains(event.target)) { window.clearTimeout(timer); }
    });
    document.addEventListener("focusout", function (event) {
      var cite = citeOf(event.target);
      if (cite && !pinned && !panel.contains(event.relatedTarget)) { later(); }
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });
    panel.addEventListener("mouseenter", function () { window.clearTimeout(timer); });
    panel.addEventListener("mouseleave", function () { if (!pinned) { later(); } });
    closer.addEventListener("click", close);

    var toggles = document.querySelectorAll(".evidence-all-toggle");
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].addEventListener("click", function () {
        var body = document.getElementById(this.getAttribute("aria-controls") || "");
        var open = this.getAttribute("aria-expanded") !== "true";
        this.setAttribute("aria-expanded", open ? "true" : "false");
        this.textContent = open ? "Hide" : "Show all";
        if (body) { body.classList.toggle("is-open", open); }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
