'use strict';
// The pages behind e-mailed links: read the token from the link (fragment, or query for links from older mails)
// and call the public REST endpoint with it. Same-origin only; no inline script, so a strict CSP holds.
(function () {
  var form = document.getElementById('link-form');
  var status = document.getElementById('status');
  var token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token')
      || new URLSearchParams(location.search).get('token');

  function show(text, kind) {
    status.textContent = text;
    status.className = kind;
  }

  if (!token) {
    form.hidden = true;
    show('This link has no token. Open the link from the e-mail again, exactly as it was sent.', 'error');
    return;
  }

  var actions = {
    'verify': {
      path: 'api/v1/signup/verify',
      body: function () { return { token: token }; },
      done: 'Your address is verified and your workspace is active. You can now sign in.'
    },
    'accept-invitation': {
      path: 'api/v1/invitations/accept',
      body: function () {
        var body = { token: token, password: form.elements.password.value };
        var name = form.elements.display_name.value.trim();
        if (name) {
          body.display_name = name;
        }
        return body;
      },
      done: 'You joined the workspace. You can now sign in with your e-mail address and this password.'
    }
  };
  var action = actions[form.getAttribute('data-action')];

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button');
    button.disabled = true;
    show('Working…', '');
    fetch(action.path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json' },
      body: JSON.stringify(action.body()),
      credentials: 'omit',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) {
          form.hidden = true;
          show(action.done, 'done');
        } else {
          button.disabled = false;
          show(answer.detail || ('The request failed (' + response.status + '). Try again later.'), 'error');
        }
      });
    }, function () {
      button.disabled = false;
      show('The server could not be reached. Check your connection and try again.', 'error');
    });
  });
}());
