/* Runs before the page is drawn: styles written for pages without JavaScript (class "no-js") stop applying. */
document.documentElement.classList.replace("no-js", "js");
