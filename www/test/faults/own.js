// The page's own, ungated script (a stand-in for the site's code). It must keep working whatever
// happens to samtykke: it sets a flag, a strictly necessary cookie, and handles a click.
window.__ownRan = true;
document.cookie = 'site_session=1; path=/; SameSite=Lax';
var ownButton = document.getElementById('own-button');
if (ownButton) {
  ownButton.addEventListener('click', function () {
    window.__ownClicked = (window.__ownClicked || 0) + 1;
    ownButton.textContent = 'Clicked ' + window.__ownClicked;
  });
}
