// Stand-in for a statistics tag. It only runs once the visitor allows "analytics".
// It talks to nobody: it counts its own runs and sets the cookies a real tag would set.
window.__analyticsRan = (window.__analyticsRan || 0) + 1;
document.cookie = '_ga=GA1.1.demo; path=/; SameSite=Lax';
document.cookie = '_ga_DEMO=1; path=/; SameSite=Lax';
