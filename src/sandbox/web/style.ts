/** The page's stylesheet: Slack's look, roughly; system fonts only (the page works offline). */
export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.46 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d1c1d;background:#fff;height:100vh;display:flex;flex-direction:column}
header.top{background:#3f0e40;color:#fff;padding:6px 14px;display:flex;gap:18px;align-items:center}
header.top h1{font-size:16px;margin:0}
header.top label{font-size:13px}
header.top select{font-size:13px}
.layout{flex:1;display:flex;min-height:0}
nav.side{width:220px;background:#3f0e40;color:#cfc3cf;padding:10px 0;overflow:auto}
nav.side h2{font-size:13px;margin:14px 16px 4px;color:#fff;font-weight:600}
nav.side a{display:block;padding:3px 16px;color:#cfc3cf;text-decoration:none}
nav.side a.current{background:#1164a3;color:#fff}
nav.side a.unread{color:#fff;font-weight:700}
nav.side a .badge{float:right;background:#cd2553;color:#fff;border-radius:9px;font-size:11px;padding:0 6px;margin-top:2px}
nav.side .scenarios button{display:block;width:calc(100% - 24px);margin:4px 12px;padding:5px 8px;font-size:12.5px;text-align:left;background:#5b2c5d;color:#fff;border:1px solid #7a4a7c;border-radius:4px;cursor:pointer}
nav.side .scenarios button:hover{background:#6f3a71}
nav.side .status{font-size:12px;margin:6px 16px;color:#e8dbe8;min-height:1.2em}
main.channel{flex:1;display:flex;flex-direction:column;min-width:0;border-right:1px solid #ddd}
main.channel>h2,aside.thread>h2{margin:0;padding:10px 18px;border-bottom:1px solid #ddd;font-size:17px}
.messages{flex:1;overflow:auto;padding:8px 0}
aside.thread{width:42%;display:flex;flex-direction:column;min-width:0}
aside.thread[hidden]{display:none}
aside.thread>h2 button{float:right;border:0;background:none;font-size:18px;cursor:pointer}
.msg{padding:8px 18px}
.msg:hover{background:#f8f8f8}
.msg .who{font-size:15px}
.msg .who time,.msg .edited{color:#616061;font-size:12px}
.avatar{display:inline-block;width:22px}
.app{background:#e8e8e8;color:#555;font-size:10px;padding:0 3px;border-radius:2px;font-weight:700}
.body{margin-left:22px}
.ephemeral{background:#f4f8fb}
.only{font-size:12px;color:#616061;margin-bottom:2px}
.b-header{font-weight:900;font-size:18px;margin:4px 0}
.b-header.small{font-size:15px}
.b-section{display:flex;gap:10px;margin:4px 0}
.b-main{flex:1;min-width:0}
.b-text{white-space:normal;word-wrap:break-word}
.b-fields{display:grid;grid-template-columns:1fr 1fr;gap:6px 16px;margin-top:4px}
.b-context{color:#616061;font-size:12.5px;margin:4px 0;display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.b-divider{border:0;border-top:1px solid #ddd;margin:8px 0}
.b-actions{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
.b-image img,.upload{max-width:480px;border:1px solid #ddd;border-radius:4px}
.ctx-img{width:16px;height:16px}
pre{background:#f8f8f8;border:1px solid #ddd;border-radius:4px;padding:8px;white-space:pre-wrap;font:12px/1.5 Menlo,Consolas,monospace;margin:4px 0}
code{background:#f3f3f3;border:1px solid #e1e1e1;border-radius:3px;padding:0 3px;color:#c01343;font:12px Menlo,Consolas,monospace}
blockquote{border-left:4px solid #ddd;margin:2px 0;padding-left:8px}
a{color:#1264a3}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.mention.special,.mention.group{background:#fef3c7;color:#8a5a00}
.attachment{display:flex;margin:4px 0}
.attachment .bar{width:4px;border-radius:4px;flex:none}
.att-body{padding:0 12px;min-width:0;flex:1}
.btn{display:inline-block;font-family:inherit;font-weight:600;font-size:13px;line-height:1;padding:8px 12px;border:1px solid #bbb;border-radius:4px;background:#fff;color:#1d1c1d;cursor:pointer;text-decoration:none}
.btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.btn.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
.select{font-size:13px;padding:6px}
.overflow details{display:inline-block;position:relative}
.overflow summary{list-style:none}
.overflow .menu{position:absolute;z-index:5;background:#fff;border:1px solid #ccc;border-radius:4px;box-shadow:0 4px 12px rgba(0,0,0,.15)}
.overflow .menu button{display:block;width:100%;text-align:left;border:0;background:none;padding:6px 14px;cursor:pointer;white-space:nowrap}
.replies{border:0;background:none;color:#1264a3;font-weight:700;cursor:pointer;margin-left:22px;padding:2px 0}
.thread-rule{margin:6px 18px;color:#616061;font-size:12.5px;border-bottom:1px solid #eee}
.file-title{font-size:13px;color:#616061}
.empty{color:#616061;padding:18px}
.unsupported{color:#999;font-style:italic}
form.composer{border:1px solid #bbb;border-radius:6px;margin:10px 18px;display:flex}
form.composer input{flex:1;border:0;padding:10px;font-size:15px;border-radius:6px}
form.composer button{border:0;background:#007a5a;color:#fff;padding:0 16px;border-radius:0 6px 6px 0;cursor:pointer}
.hint{font-size:12px;color:#616061;margin:-6px 18px 8px}
dialog{border:0;border-radius:8px;padding:20px 24px;width:420px;box-shadow:0 8px 30px rgba(0,0,0,.3)}
dialog::backdrop{background:rgba(0,0,0,.4)}
.dialog-title{font-weight:900;font-size:20px;margin-bottom:10px}
.dialog-buttons{display:flex;justify-content:flex-end;gap:8px;margin-top:18px}
`;
