"""What editors may write as markup, shared by the data layer (which refuses it at load time) and the pages
and articles (which publish it): the one allow-list of HTML (`allowed`) and story Markdown (`story`).

Imports nothing from the other layers, so that `dataset/` can use it without depending on `pages/`."""
