/* Report page: move between search hits (buttons, or n / p keys) and copy citations.
   Without this script the hits are still marked, each has an id hit-<n>, and "跳到第一处" links to #hit-1. */
(function () {
  "use strict";

  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[id^='hit-']"));
  var bar = document.getElementById("hitbar");
  var current = -1;

  function show(index) {
    if (!marks.length) { return; }
    current = (index + marks.length) % marks.length;
    marks.forEach(function (mark) { mark.classList.remove("current"); });
    var mark = marks[current];
    mark.classList.add("current");
    mark.focus({ preventScroll: true });
    mark.scrollIntoView({ block: "center" });
    var position = bar && bar.querySelector(".hit-position");
    if (position) { position.textContent = "，当前第 " + (current + 1) + " 处"; }
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function setUpHits() {
    if (!bar || !marks.length) { return; }
    var previous = bar.querySelector(".hit-prev");
    var next = bar.querySelector(".hit-next");
    previous.hidden = false;
    next.hidden = false;
    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    bar.querySelector(".hit-first").addEventListener("click", function (event) {
      event.preventDefault();
      show(0);
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
      if (event.key === "n") { event.preventDefault(); show(current + 1); }
      if (event.key === "p" || event.key === "N") { event.preventDefault(); show(current - 1); }
    });
    var fromHash = /^#hit-(\d+)$/.exec(window.location.hash);
    if (fromHash) {
      show(Number(fromHash[1]) - 1);
    } else if (!window.location.hash) {
      show(0);  // arriving from a search: open at the first hit
    }
  }

  function setUpCopy() {
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        navigator.clipboard.writeText(source.textContent).then(function () {
          button.textContent = "已复制";
        });
      });
    });
  }

  setUpHits();
  setUpCopy();
}());
