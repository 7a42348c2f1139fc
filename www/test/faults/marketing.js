// Stand-in for a marketing tag: only runs once "marketing" is granted.
window.__marketingRan = (window.__marketingRan || 0) + 1;
document.cookie = '_fbp=fb.1.demo; path=/; SameSite=Lax';
