// GraphiQL against this server's /graphql, with the bearer token pasted in the bar above it.
// Everything is served by gridroster itself: no CDN, no outside fonts.
(function () {
  var STORAGE = 'gridroster.token';
  var input = document.getElementById('token');
  input.value = localStorage.getItem(STORAGE) || '';
  input.addEventListener('input', function () { localStorage.setItem(STORAGE, input.value.trim()); });
  document.getElementById('forget').addEventListener('click', function () { input.value = ''; localStorage.removeItem(STORAGE); });

  function fetcher(params) {
    var token = input.value.trim().replace(/^Bearer\s+/i, '');
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify(params) }).then(function (r) { return r.json(); });
  }

  var query = new URLSearchParams(location.search).get('query') || undefined;
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: query, query: query, shouldPersistHeaders: false }));
})();
