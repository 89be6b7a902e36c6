/* The deputy's sign-in scanner (duty:scan): the phone camera reads a QR code with the browser's BarcodeDetector
   where there is one, and opens it if it is a sign-in page of this site (a station activity or a meeting); a link
   pasted into the form does the same. No inline script: the page's texts come in data- attributes. */
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  if (!root) { return; }
  var origin = new URL(root.dataset.origin).origin;
  var status = root.querySelector("[data-status]");
  var video = root.querySelector("video");
  var SIGN_IN = /^\/(stations\/sign-in|meetings\/signin)\/[^/]+\/?$/;

  function say(text) { status.textContent = text; }

  function open(text) {
    var url;
    try { url = new URL(String(text || "").trim(), origin); } catch (e) { say(root.dataset.unknown); return false; }
    if (url.origin !== origin) { say(root.dataset.foreign); return false; }
    if (!SIGN_IN.test(url.pathname)) { say(root.dataset.unknown); return false; }
    window.location.assign(url.pathname);
    return true;
  }

  root.querySelector("[data-scan-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    open(event.target.elements.code.value);
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    say(root.dataset.unsupported);
    return;
  }
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
    video.srcObject = stream;
    video.hidden = false;
    video.play();
    say(root.dataset.looking);
    var done = false;
    function look() {
      if (done) { return; }
      detector.detect(video).then(function (codes) {
        if (codes.length && open(codes[0].rawValue)) {
          done = true;
          stream.getTracks().forEach(function (track) { track.stop(); });
          return;
        }
        window.setTimeout(look, 300);
      }).catch(function () { window.setTimeout(look, 600); });
    }
    look();
  }).catch(function () { say(root.dataset.denied); });
})();
