/* GLACY design-system behaviour, all progressive enhancement: every page works without this file.
 *
 * - Forms marked data-confirm="question" ask in a <dialog> before an irreversible action; the answer is sent
 *   as confirmed=yes, so the server does not ask again on its own confirmation page (the no-JavaScript path).
 * - <select data-picker> becomes a searchable, keyboard-usable picker (Tom Select) over the same <select>:
 *   type a name, a number or a country, arrows to move, Enter to choose.
 * - The account menu (<details class="user-menu">) closes on Escape or a click elsewhere.
 */
(function () {
  "use strict";

  function confirmBeforeSubmit() {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var message = document.getElementById("confirm-dialog-message");
    var confirmButton = document.getElementById("confirm-dialog-confirm");
    var pending = null;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
      if (form.querySelector("input[name=confirmed][value=yes]")) return;
      event.preventDefault();
      pending = { form: form, submitter: event.submitter || null };
      message.textContent = form.dataset.confirm;
      confirmButton.textContent = form.dataset.confirmLabel || confirmButton.dataset.defaultLabel ||
        confirmButton.textContent;
      dialog.returnValue = "";
      dialog.showModal();
    });
    confirmButton.dataset.defaultLabel = confirmButton.textContent;
    confirmButton.addEventListener("click", function () { dialog.close("confirm"); });
    document.getElementById("confirm-dialog-cancel").addEventListener("click", function () {
      dialog.close("cancel");
    });
    dialog.addEventListener("close", function () {
      var current = pending;
      pending = null;
      if (!current || dialog.returnValue !== "confirm") {
        if (current && current.submitter) current.submitter.focus();
        return;
      }
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      flag.value = "yes";
      current.form.appendChild(flag);
      if (current.submitter && typeof current.form.requestSubmit === "function") {
        current.form.requestSubmit(current.submitter);
      } else {
        current.form.submit();
      }
    });
  }

  function enhancePickers(root) {
    if (typeof window.TomSelect !== "function") return;
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) return;
      var multiple = select.multiple;
      new window.TomSelect(select, {
        maxOptions: null,
        allowEmptyOption: !multiple,
        // A single choice is made once chosen: left open, the list covered the fields below it, so the next
        // click (on the following field or the Apply button) landed on one of its options instead.
        closeAfterSelect: !multiple,
        // Filter as each key is typed: the lists are local and short. Tom Select's default (filter 300 ms after
        // the last key) re-opened a picker closed by a choice made within those 300 ms, over the next field.
        refreshThrottle: 0,
        plugins: multiple ? ["remove_button"] : [],
        searchField: ["text", "search"],
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = select.dataset.pickerEmpty || "—";
            return div;
          }
        }
      });
      // Tom Select points the <label> at its own combobox and keeps the original <select> (out of the tab
      // order) only to post the value: hidden from assistive technology, it is not a second, nameless control.
      select.setAttribute("aria-hidden", "true");
    });
  }

  function closeUserMenu() {
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
        if (!menu.contains(event.target)) menu.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
        menu.open = false;
        menu.querySelector("summary").focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    confirmBeforeSubmit();
    enhancePickers(document);
    closeUserMenu();
  });
  document.addEventListener("htmx:afterSwap", function (event) { enhancePickers(event.target); });
})();
