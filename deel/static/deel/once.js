// Long actions (a SEPA batch that mails members, a settlement, the monthly statements) are
// submitted once: a form marked data-once disables its submit buttons when it is sent, so a
// second click cannot send it again. The server refuses a repeat all the same (the services
// are idempotent); this only spares the wait. No inline script: CSP allows 'self' only.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) return;
  if (form.dataset.sent === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  // After the browser has taken the submitter's name and value into the request.
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      if (button.dataset.busy) button.textContent = button.dataset.busy;
    });
  }, 0);
});
