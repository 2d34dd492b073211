/*
 * The first script of LeadFlow's task pane. It runs before the pane's own bundle, on whatever web
 * engine Office hosts the add-in in, and Excel 2019 on Windows can host it in Internet Explorer 11
 * (Trident) or the original Edge (EdgeHTML), which cannot run the pane's modern bundle:
 * https://learn.microsoft.com/office/dev/add-ins/concepts/browsers-used-by-office-web-add-ins and
 * https://learn.microsoft.com/office/dev/add-ins/develop/support-ie-11 (recommends a graceful message).
 *
 * So this file is ES5 only (a build test parses it with acorn, ecmaVersion 5), uses nothing newer than
 * Internet Explorer 11 has, and is copied into the build as it is. It checks the engine for what the
 * bundle uses; when everything is there it loads taskpane.js, otherwise it shows a plain message in
 * Chinese and English naming the Excel versions that run LeadFlow. It must not use eval (the page's
 * Content-Security-Policy forbids it).
 */
/* global window, document */
(function () {
  "use strict";

  var MAIN_BUNDLE = "taskpane.js";

  function isFunction(owner, name) {
    try {
      return owner !== undefined && owner !== null && typeof owner[name] === "function";
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- ES5 has no catch without a binding
    } catch (e) {
      return false;
    }
  }

  /** What the pane's bundle needs (ES2020 syntax cannot be tested without eval; these come with it). */
  function missingFeatures() {
    var w = window;
    var missing = [];
    var checks = [
      ["Promise.allSettled", isFunction(w.Promise, "allSettled")],
      ["Object.fromEntries", isFunction(Object, "fromEntries")],
      ["Array.prototype.flatMap", isFunction(Array.prototype, "flatMap")],
      ["String.prototype.matchAll", isFunction(String.prototype, "matchAll")],
      ["globalThis", typeof w.globalThis === "object"],
      ["structuredClone", typeof w.structuredClone === "function"],
      ["CSS custom properties", isFunction(w.CSS, "supports") && w.CSS.supports("--leadflow-check", "0")],
    ];
    for (var i = 0; i < checks.length; i++) {
      if (!checks[i][1]) missing.push(checks[i][0]);
    }
    return missing;
  }

  var TEXT = [
    {
      lang: "zh-CN",
      title: "此版本的 Excel 无法运行 LeadFlow",
      body:
        "LeadFlow 需要以下 Excel 之一：Microsoft 365 版 Excel（Windows 或 Mac）、Excel 2021 或更高版本，" +
        "或在新版 Edge、Chrome、Safari 或 Firefox 中打开的网页版 Excel。" +
        "Excel 2019 及更早版本用旧的浏览器组件（Internet Explorer 或旧版 Edge）显示加载项，无法运行本加载项。",
      action: "请升级到 Microsoft 365 或 Excel 2021，或在网页版 Excel 中打开此工作簿。",
    },
    {
      lang: "en-US",
      title: "This version of Excel cannot run LeadFlow",
      body:
        "LeadFlow needs Excel for Microsoft 365 (Windows or Mac), Excel 2021 or later, or Excel on the web " +
        "in a current Edge, Chrome, Safari or Firefox. Excel 2019 and older show add-ins in an old browser " +
        "engine (Internet Explorer or the original Edge) that cannot run it.",
      action: "Update to Microsoft 365 or Excel 2021, or open this workbook in Excel on the web.",
    },
  ];

  function element(tag, text, style) {
    var el = document.createElement(tag);
    if (text) el.appendChild(document.createTextNode(text));
    for (var key in style) {
      if (Object.prototype.hasOwnProperty.call(style, key)) el.style[key] = style[key];
    }
    return el;
  }

  function showUnsupported(missing) {
    var container = document.getElementById("container") || document.body;
    while (container.firstChild) container.removeChild(container.firstChild);
    var main = element("main", "", {
      fontFamily: "'Segoe UI', 'Microsoft YaHei', sans-serif",
      padding: "16px",
      color: "#242424",
    });
    main.setAttribute("role", "alert");
    main.setAttribute("data-leadflow", "unsupported-engine");
    main.appendChild(element("h1", "LeadFlow", { fontSize: "20px", margin: "0 0 12px" }));
    for (var i = 0; i < TEXT.length; i++) {
      var box = element("section", "", {
        border: "1px solid #f4bfab",
        background: "#fdf6f3",
        padding: "10px 12px",
        margin: "0 0 12px",
      });
      box.setAttribute("lang", TEXT[i].lang);
      box.appendChild(element("h2", TEXT[i].title, { fontSize: "15px", margin: "0 0 6px" }));
      box.appendChild(element("p", TEXT[i].body, { fontSize: "13px", margin: "0 0 6px" }));
      box.appendChild(element("p", TEXT[i].action, { fontSize: "13px", margin: "0" }));
      main.appendChild(box);
    }
    var detail = element("p", "Missing / 缺少: " + missing.join(", "), { fontSize: "11px", color: "#616161" });
    main.appendChild(detail);
    container.appendChild(main);
  }

  function loadBundle() {
    var script = document.createElement("script");
    script.src = MAIN_BUNDLE;
    document.body.appendChild(script);
  }

  var missing = missingFeatures();
  if (missing.length === 0) loadBundle();
  else showUnsupported(missing);
})();
