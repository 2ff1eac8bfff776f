// The preview's error panel (`make serve` only; the published site does not carry this file).
// After every rebuild livereload reloads the page; this script reads the rebuild's errors and, if there are
// any, shows them above the page, which still shows the last good version. The lines are `tekan check`'s.
(() => {
  const script = document.currentScript;
  const data = new URL('preview-errors.json', script.src);
  const show = (errors, fromData, siteKept) => {
    const panel = document.createElement('aside');
    panel.className = 'tk-preview-errors';
    panel.setAttribute('role', 'alert');
    const title = document.createElement('h2');
    if (!fromData) {
      title.textContent = `文章有误（${errors.length} 处），发布时将被拒绝；改好并保存后本提示自动消失：`;
    } else if (siteKept) {
      title.textContent = `数据有误（${errors.length} 处），下面仍是上一次正确的版本；改好并保存后本提示自动消失：`;
    } else {
      title.textContent = `数据有误（${errors.length} 处），改好之前无法预览网站；改好并保存后自动显示完整的网站：`;
    }
    const list = document.createElement('ol');
    for (const line of errors) {
      const item = document.createElement('li');
      item.textContent = line; // text, never markup: the lines quote what editors typed
      list.append(item);
    }
    panel.append(title, list);
    document.body.prepend(panel);
  };
  fetch(data, { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : { errors: [] }))
    .then(({ errors, data: fromData, site_kept: siteKept }) => errors.length && show(errors, fromData, siteKept))
    .catch(() => {});
})();
