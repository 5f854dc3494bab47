// Folder upload on the ingest page. A browser sends each file of a chosen folder under its own name only, so this
// script adds one hidden "paths" value per file (its path from the chosen folder, webkitRelativePath), in the order
// the browser sends the files. Without this script a folder is refused by the server with a clear message; a
// single file needs no script at all. It also stops, before the upload, a folder the server would refuse for its
// number of files or its size; the messages come translated from the page.
(function () {
  "use strict";
  var input = document.querySelector("input[type=file][data-folder-paths]");
  if (!input) { return; }
  var container = document.getElementById(input.getAttribute("data-folder-paths"));
  var problem = document.getElementById("folder-problem");
  var maxFiles = parseInt(input.getAttribute("data-max-files") || "0", 10);
  var maxBytes = parseInt(input.getAttribute("data-max-bytes") || "0", 10);

  function refusal() {
    var files = input.files || [];
    var total = 0;
    for (var index = 0; index < files.length; index += 1) { total += files[index].size; }
    if (maxFiles && files.length > maxFiles) { return input.getAttribute("data-too-many-files"); }
    if (maxBytes && total > maxBytes) { return input.getAttribute("data-too-large"); }
    return "";
  }

  function show(message) {
    problem.textContent = message;
    problem.hidden = !message;
  }

  function fill() {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    var files = input.files || [];
    for (var index = 0; index < files.length; index += 1) {
      // Without a relative path (a browser that cannot pick folders) nothing is sent: the server explains why.
      if (!files[index].webkitRelativePath) { continue; }
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "paths";
      hidden.value = files[index].webkitRelativePath;
      container.appendChild(hidden);
    }
    show(refusal());
  }

  input.addEventListener("change", fill);
  input.form.addEventListener("submit", function (event) {
    var message = refusal();
    if (message) {
      event.preventDefault();
      show(message);
      input.focus();
    }
  });
  fill();  // a selection kept by the browser when the page is shown again
})();
